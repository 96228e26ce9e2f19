"""Static files as production serves them: WhiteNoise's compressed copies under hashed names,
each file's address worked out once per process.

Django looks a file's hashed name up in the manifest and builds its address on every
``{% static %}``: a public page has four of them, a twentieth of what it costs to make with the
page cache off. The manifest does not change while a process runs (collectstatic comes with a
deployment, and the servers restart with it)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        if name not in self._addresses:
            self._addresses[name] = super().url(name)
        return self._addresses[name]
