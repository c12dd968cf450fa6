import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { runTool } from './run-tool';

/** What one wrk run does: the same operations as the autocannon scenarios, in Lua. */
export interface WrkPlan {
  readonly mode: 'share' | 'reveal' | 'pair' | 'metadata' | 'snappass-pair';
  /** Secret keys to reveal (each once) or metadata keys to fetch (round robin). */
  readonly keys?: readonly string[];
  readonly passphrase?: string;
  readonly authorization?: string;
}

export interface WrkResult {
  readonly requests: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

// Each wrk thread has its own Lua state: it takes every n-th key of the file, and in `pair` mode
// reveals the secrets its own shares created, so each share is followed by its reveal.
const SCRIPT = String.raw`
local mode, passphrase, auth
local keys, created, count, cursor = {}, {}, 0, 0
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local started = 0
function setup(thread)
  thread:set("index", started)
  started = started + 1
end
function init(args)
  mode, passphrase, auth = args[1], args[3], args[4]
  local threads, i = tonumber(args[5]), 0
  if args[2] ~= "" then
    for line in io.lines(args[2]) do
      if i % threads == index then keys[#keys + 1] = line end
      i = i + 1
    end
  end
end
local function share()
  count = count + 1
  local body = "secret=benchmark+value+" .. index .. "+" .. count .. "+xxxxxxxxxxxxxxxxxxxxxxxx"
  if passphrase ~= "" then body = body .. "&passphrase=" .. passphrase end
  return wrk.format("POST", "/api/v1/share", form, body)
end
local function reveal(key)
  return wrk.format("POST", "/api/v1/secret/" .. key, form, passphrase ~= "" and ("passphrase=" .. passphrase) or "")
end
local json = { ["Content-Type"] = "application/json" }
local function snappass()
  local token = table.remove(created)
  if token then return wrk.format("GET", "/api/v2/passwords/" .. token:gsub("=", "%%3D")) end
  count = count + 1
  return wrk.format("POST", "/api/v2/passwords", json, '{"password":"benchmark value ' .. index .. ' ' .. count .. ' xxxxxxxxxxxxxxxxxxxxxxxx"}')
end
function request()
  if mode == "share" then return share() end
  if mode == "snappass-pair" then return snappass() end
  if mode == "reveal" then return reveal(table.remove(keys) or "exhausted") end
  if mode == "metadata" then
    cursor = cursor % #keys + 1
    return wrk.format("GET", "/api/v1/private/" .. keys[cursor], { Authorization = auth })
  end
  local key = table.remove(created)
  if key then return reveal(key) end
  return share()
end
function response(status, headers, body)
  if mode == "pair" then
    local key = body:match('"metadata_key":"%w+","secret_key":"(%w+)"')
    if key then created[#created + 1] = key end
  elseif mode == "snappass-pair" then
    local token = body:match('"token":"([^"]+)"')
    if token then created[#created + 1] = token end
  end
end
function done(summary, latency)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests":%d,"us":%d,"p50":%d,"p99":%d,"errors":%d}\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
`;

let installed: boolean | undefined;

/** wrk on PATH (Debian: apt install wrk); it costs the machine far less CPU per request than autocannon. */
export function wrkInstalled(): boolean {
  if (installed === undefined) {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' });
      installed = true;
    } catch (error) {
      // wrk --version exits 1 after printing its version; only a missing binary is an error here.
      installed = (error as NodeJS.ErrnoException).code !== 'ENOENT';
    }
  }
  return installed;
}

export async function runWrk(url: string, plan: WrkPlan, connections: number, seconds: number): Promise<WrkResult> {
  const files: Record<string, string> = { 'bench.lua': SCRIPT, ...(plan.keys ? { 'keys.txt': `${plan.keys.join('\n')}\n` } : {}) };
  const threads = Math.min(connections, availableParallelism());
  const stdout = await runTool('wrk', files, (paths) => ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s',
    '-s', paths['bench.lua'] ?? '', url, '--', plan.mode, paths['keys.txt'] ?? '', plan.passphrase ?? '', plan.authorization ?? '', String(threads)]);
  const line = /WRK_RESULT (\{.*\})/.exec(stdout);
  if (!line?.[1]) throw new Error(`wrk gave no result:\n${stdout}`);
  const result = JSON.parse(line[1]) as { requests: number; us: number; p50: number; p99: number; errors: number };
  return { requests: result.requests, seconds: result.us / 1e6, p50Ms: result.p50 / 1000, p99Ms: result.p99 / 1000, errors: result.errors };
}
