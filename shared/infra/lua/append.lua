-- Append events to one aggregate stream and, in the same atomic step, to the service's
-- outbound stream for the aggregate's partition; schedule / cancel the aggregate's timers.
-- Every check runs before the first write: a script is atomic but never rolled back.
--
-- Optionally, in the same step: the aggregate's snapshot, and one row of a read model
-- (a sorted set by score + a hash of rows + a hash of row versions) written only when the
-- new version is newer than the row's, so a rebuild and live appends converge.
--
-- An idempotency record is a key of its own (KEYS[7]) that expires after the retention
-- window (ARGV[7] ms): it answers a redelivery however late within the window. The one
-- hash of earlier releases (KEYS[3], records without expiry) is still consulted, and is
-- given the same window once: it is gone a window after the upgrade.
--
-- KEYS: 1 aggregate stream, 2 outbound stream, 3 dedupe hash of earlier releases,
--       4 timer zset, 5 timer hash, 6 snapshot hash, 7 the idempotency record's key,
--       [8 read-model zset, 9 read-model rows hash, 10 row versions hash,
--       [11 a side hash of the read model (e.g. open tasks per member)]]
-- ARGV: 1 expected version, 2 hash of the last stored event (64 zeros when new),
--       3 idempotency key ('' for none), 4 number of events, 5 timers to schedule,
--       6 timers to cancel, 7 retention of idempotency records in ms,
--       then per event: json, hash, publish ('1'/'0'),
--       then per scheduled timer: id, due ms, json; then per cancelled timer: id;
--       then '1', state json, schema (snapshot at the new version) or '0';
--       then '1', member, row json ('' removes the row), score, then '1', side json
--       ('' removes it) or '0' (read-model row) or '0'.
local GENESIS = string.rep('0', 64)
local expected = tonumber(ARGV[1])

if ARGV[3] ~= '' then
  local seen = redis.call('GET', KEYS[7]) or redis.call('HGET', KEYS[3], ARGV[3])
  if seen then return {'DUPLICATE', seen} end
end

local current, last_hash = 0, GENESIS
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  current = tonumber(string.match(last[1][1], '^(%d+)-'))
  local fields = last[1][2]
  for i = 1, #fields, 2 do
    if fields[i] == 'hash' then last_hash = fields[i + 1] end
  end
end
if current ~= expected then return {'CONFLICT', tostring(current)} end
if last_hash ~= ARGV[2] then return {'CHAIN', last_hash} end

local n_events, n_sched, n_cancel = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local prev, i = last_hash, 8
for k = 1, n_events do
  local version = expected + k
  redis.call('XADD', KEYS[1], version .. '-1',
    '__data__', ARGV[i], 'hash', ARGV[i + 1], 'prev', prev)
  if ARGV[i + 2] == '1' then
    redis.call('XADD', KEYS[2], '*', '__data__', ARGV[i])
  end
  prev = ARGV[i + 1]
  i = i + 3
end
for _ = 1, n_sched do
  redis.call('ZADD', KEYS[4], ARGV[i + 1], ARGV[i])
  redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 2])
  i = i + 3
end
for _ = 1, n_cancel do
  redis.call('ZREM', KEYS[4], ARGV[i])
  redis.call('HDEL', KEYS[5], ARGV[i])
  i = i + 1
end
local new_version = expected + n_events
if ARGV[3] ~= '' then
  redis.call('SET', KEYS[7], KEYS[1] .. '@' .. new_version, 'PX', ARGV[7])
  if redis.call('PTTL', KEYS[3]) == -1 then redis.call('PEXPIRE', KEYS[3], ARGV[7]) end
end
if ARGV[i] == '1' then
  redis.call('HSET', KEYS[6], 'version', new_version, 'hash', prev,
    'state', ARGV[i + 1], 'schema', ARGV[i + 2])
  i = i + 3
else
  i = i + 1
end
if ARGV[i] == '1' then
  local member = ARGV[i + 1]
  local known = tonumber(redis.call('HGET', KEYS[10], member) or '0')
  if known < new_version then
    redis.call('HSET', KEYS[10], member, new_version)
    if ARGV[i + 2] == '' then
      redis.call('ZREM', KEYS[8], member)
      redis.call('HDEL', KEYS[9], member)
    else
      redis.call('ZADD', KEYS[8], ARGV[i + 3], member)
      redis.call('HSET', KEYS[9], member, ARGV[i + 2])
    end
    if ARGV[i + 4] == '1' then
      if ARGV[i + 5] == '' then
        redis.call('HDEL', KEYS[11], member)
      else
        redis.call('HSET', KEYS[11], member, ARGV[i + 5])
      end
    end
  end
end
return {'OK', tostring(new_version)}
