-- wrk runs this script in each of its threads.
--
-- With a file of addresses after `--` on wrk's command line, every request asks for one of
-- them at random (a new search each time); without, wrk asks for its URL again and again.
-- done() runs once the run is over: one line of JSON for bench/run.py, after wrk's own
-- summary. Latencies are in microseconds in wrk, in milliseconds here.
local paths = nil

init = function(args)
  if args[1] then
    paths = {}
    for line in io.lines(args[1]) do paths[#paths + 1] = line end
    -- Each thread draws its own sequence: the address of a fresh table differs per thread.
    math.randomseed(tonumber(tostring({}):match("0x(%x+)"), 16) % 2147483647)
  end
end

request = function()
  if paths == nil then
    return wrk.format()
  end
  return wrk.format(nil, paths[math.random(#paths)])
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "seconds": %.6f, "bytes": %d, ' ..
    '"p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, ' ..
    '"connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
