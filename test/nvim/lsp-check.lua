-- Drives Neovim's built-in LSP client against planlint-language-server, set up by the README's
-- snippet exactly as written (SNIPPET_FILE): open a plan, wait for diagnostics, edit the buffer,
-- wait for the new diagnostics. Writes what it saw as JSON. Also checks that the README's
-- snippet for other Neovim versions (OTHER_SNIPPET_FILE) is valid Lua.
local file, out = vim.env.PLAN_FILE, vim.env.OUT_FILE
local result = { open = {}, edited = {}, errors = {} }

local function codes()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(list, { line = d.lnum, code = code, source = d.source })
  end
  table.sort(list, function(a, b) return a.line < b.line or (a.line == b.line and tostring(a.code) < tostring(b.code)) end)
  return list
end

local ok, err = pcall(function()
  local other = io.open(vim.env.OTHER_SNIPPET_FILE):read('*a')
  assert(loadstring(other), 'the other Neovim snippet is not valid Lua')
  -- What a user's init.lua has: filetype detection on, and the snippet.
  vim.cmd('filetype on')
  dofile(vim.env.SNIPPET_FILE)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  assert(vim.bo.filetype == 'markdown', 'filetype is ' .. vim.bo.filetype)
  -- vim.wait runs Neovim's event loop until the condition holds (or gives up after 20 s).
  assert(vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20), 'no diagnostics after open')
  result.open = codes()
  local before = #result.open
  vim.api.nvim_buf_set_lines(0, 3, 3, false, { '', '**DoD:** `npm test` passes', '' })
  assert(vim.wait(20000, function() return #vim.diagnostic.get(0) ~= before end, 20), 'no new diagnostics after the edit')
  result.edited = codes()
end)
if not ok then table.insert(result.errors, tostring(err)) end
local f = io.open(out, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qa!')
