-- wrk script: every request uploads the same 10 KB of random bytes as a new share.
-- Used by benches/relay/load.sh; the relay stores each one (fsynced) and answers 201.
math.randomseed(6)
local bytes = {}
for i = 1, 10240 do
  bytes[i] = string.char(math.random(0, 255))
end
wrk.method = "POST"
wrk.body = table.concat(bytes)
wrk.headers["Content-Type"] = "application/octet-stream"
