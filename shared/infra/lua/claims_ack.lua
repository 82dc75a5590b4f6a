-- Acknowledge entries a consumer finished, but only those it still owns: an entry another
-- consumer took over meanwhile (a partition that moved) is left to its new owner.
--
-- KEYS: 1 stream
-- ARGV: 1 group, 2 consumer, then the entry ids
-- Returns how many entries were acknowledged.
local acked = 0
for i = 3, #ARGV do
  local mine = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1, ARGV[2])
  if #mine > 0 then
    acked = acked + redis.call('XACK', KEYS[1], ARGV[1], ARGV[i])
  end
end
return acked
