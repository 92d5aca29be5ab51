-- Realistic Matomo tracker traffic for wrk: page views, events, site searches and heartbeat pings from
-- many visitors (the tracker's `_id` cookie id), as the JS tracker sends them (send_image=0 → 204).
--
-- The requests are built once, in init(), into a pool that request() cycles through: building each one
-- in Lua (random numbers, formatting, URL-encoding) cost wrk ~11 µs of CPU per request, CPU that the
-- server under test then lacks on a small machine. BENCH_POOL sets the pool size (default 65,536).
local site = os.getenv("BENCH_SITE") or "1"
local visitors = tonumber(os.getenv("BENCH_VISITORS") or "20000")
local pages = { "/", "/blog/", "/blog/2026/analytics-without-cookies", "/products/", "/products/tea/sencha",
  "/products/tea/matcha", "/about", "/contact", "/docs/install", "/docs/api", "/pricing", "/search" }
local titles = { "Home", "Blog", "Analytics without cookies", "Products", "Sencha", "Matcha", "About us",
  "Contact", "Install", "API", "Pricing", "Search" }
local referrers = { "", "", "", "https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/",
  "https://news.ycombinator.com/item?id=1", "https://www.linkedin.com/feed/", "https://chatgpt.com/" }

local function hex16()
  -- A visitor id from a fixed pool, so visitors come back and visits grow.
  return string.format("%016x", math.random(1, visitors) * 2654435761)
end

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function build()
  local i = math.random(1, #pages)
  local url = "https://bench.example" .. pages[i]
  local q = "idsite=" .. site .. "&rec=1&apiv=1&send_image=0&_id=" .. hex16() ..
    "&url=" .. enc(url) .. "&res=1920x1080&h=" .. math.random(0, 23) .. "&m=" .. math.random(0, 59) ..
    "&s=" .. math.random(0, 59) .. "&pv_id=" .. string.format("%06d", math.random(0, 999999)) ..
    "&r=" .. math.random(100000, 999999)
  local kind = math.random(1, 100)
  if kind <= 60 then
    q = q .. "&action_name=" .. enc(titles[i]) .. "&urlref=" .. enc(referrers[math.random(1, #referrers)]) ..
      "&pf_net=" .. math.random(0, 50) .. "&pf_srv=" .. math.random(5, 300) .. "&pf_tfr=" .. math.random(1, 40)
  elseif kind <= 75 then
    q = q .. "&e_c=Video&e_a=Play&e_n=" .. enc(titles[i]) .. "&e_v=" .. math.random(1, 100)
  elseif kind <= 80 then
    q = q .. "&search=" .. enc("green tea " .. math.random(1, 50)) .. "&search_count=" .. math.random(0, 20)
  else
    q = q .. "&ping=1"
  end
  return wrk.format("GET", "/matomo.php?" .. q)
end

local pool = {}
local size = tonumber(os.getenv("BENCH_POOL") or "65536")
local next = 0

init = function(args)
  for n = 1, size do pool[n] = build() end
end

request = function()
  next = next % size + 1
  return pool[next]
end

wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
wrk.headers["Accept-Language"] = "fr-FR,fr;q=0.9,en;q=0.8"
