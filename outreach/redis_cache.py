"""Django's Redis cache, with one client per connection pool instead of one per operation.

Django builds a new ``redis.Redis`` object for every cache operation, and redis-py fills a
table of about 170 response callbacks each time: half a millisecond of CPU per operation,
more than the round trip to Redis. A client is safe to share (its connections come from the
pool), so each pool gets one."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
