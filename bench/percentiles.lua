-- wrk reports p50/p90/p99 only; the figures asked for are p50, p95 and p99 (microseconds in, milliseconds out).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT %.0f req/s p50 %.1f ms p95 %.1f ms p99 %.1f ms errors %d non2xx %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
