-- wrk script for every endpoint: a POST body when BENCH_BODY_FILE is set, and one summary
-- line with the percentiles wrk --latency does not print (p95), in microseconds.
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local handle = assert(io.open(body_file, "r"))
  wrk.method = "POST"
  wrk.body = handle:read("*a")
  wrk.headers["Content-Type"] = "application/json"
  handle:close()
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
      .. "connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
