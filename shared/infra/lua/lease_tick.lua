-- One heartbeat of a process of a service: say it is alive, renew the partition leases it
-- holds (only those whose value is still its own: a lapsed lease taken by another process
-- is never renewed), and, when asked, take free partitions up to its fair share,
-- ceil(partitions / live processes). Each lease taken gets the partition's next fencing
-- token. Time is the server's (TIME): one clock for every process.
--
-- KEYS: 1 members (zset consumer -> heartbeat expiry, ms), 2 fencing tokens (hash
--       partition -> last token), then the lease key of partition 0, 1, …
-- ARGV: 1 consumer, 2 lease ms, 3 take free partitions ('1') or not ('0'),
--       4 the partition to try first (spreads processes over the partitions)
-- Returns {fair share, live processes, {partition, token, partition, token, …}} of the
-- leases the consumer holds after this call.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local me, lease_ms = ARGV[1], tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. now)
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], now + lease_ms, me)
else
  redis.call('ZREM', KEYS[1], me)
end
local live = math.max(redis.call('ZCARD', KEYS[1]), 1)
local count = #KEYS - 2
local fair = math.ceil(count / live)
local prefix = me .. ' '
local held, n = {}, 0
for i = 3, #KEYS do
  local value = redis.call('GET', KEYS[i])
  if value and string.sub(value, 1, #prefix) == prefix then
    redis.call('PEXPIRE', KEYS[i], lease_ms)
    held[#held + 1] = i - 3
    held[#held + 1] = string.sub(value, #prefix + 1)
    n = n + 1
  end
end
if ARGV[3] == '1' then
  local first = tonumber(ARGV[4])
  for k = 0, count - 1 do
    if n >= fair then break end
    local p = (first + k) % count
    if redis.call('EXISTS', KEYS[p + 3]) == 0 then
      local token = redis.call('HINCRBY', KEYS[2], tostring(p), 1)
      redis.call('SET', KEYS[p + 3], prefix .. token, 'PX', lease_ms)
      held[#held + 1] = p
      held[#held + 1] = tostring(token)
      n = n + 1
    end
  end
end
return {fair, live, held}
