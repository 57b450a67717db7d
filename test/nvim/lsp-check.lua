-- Drives Neovim's built-in LSP client against planlint-language-server: open a plan, wait for
-- diagnostics, edit the buffer, wait for the new diagnostics. Writes what it saw as JSON.
local server, file, out = vim.env.PLANLINT_SERVER, vim.env.PLAN_FILE, vim.env.OUT_FILE
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
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'markdown'
  local id = vim.lsp.start_client({ name = 'planlint', cmd = { 'node', server, '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
  assert(id, 'the server did not start')
  vim.lsp.buf_attach_client(0, id)
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
