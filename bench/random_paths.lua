-- wrk script of bench/run's random-thread workloads: each request asks one path picked at
-- random from the file PATHS_FILE names (one path a line), with the cookie COOKIE holds if any.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local cookie = os.getenv("COOKIE") or ""
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + number)
end

function request()
  local path = paths[math.random(#paths)]
  if cookie ~= "" then
    return wrk.format("GET", path, { Cookie = cookie })
  end
  return wrk.format("GET", path)
end
