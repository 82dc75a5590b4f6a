-- Give a partition lease up, if it is still the caller's (consumer and fencing token).
--
-- KEYS: 1 the lease key
-- ARGV: 1 consumer, 2 token
-- Returns 1 if released, 0 if the lease was not (or no longer) the caller's.
if redis.call('GET', KEYS[1]) == ARGV[1] .. ' ' .. ARGV[2] then
  return redis.call('DEL', KEYS[1])
end
return 0
