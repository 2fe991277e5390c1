-- bulklint beside gopls, for Neovim 0.7 and later (init.lua).
-- One server per module: the directory of the nearest go.mod.
local bulklint = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'go',
  callback = function(args)
    local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
    local gomod = vim.fn.findfile('go.mod', dir .. ';')
    if gomod == '' then
      return
    end
    local root = vim.fn.fnamemodify(gomod, ':p:h')
    local id = bulklint[root]
    if not id or not vim.lsp.get_client_by_id(id) then
      id = vim.lsp.start_client({ name = 'bulklint', cmd = { 'bulklint', 'lsp' }, root_dir = root })
      bulklint[root] = id
    end
    if id then
      vim.lsp.buf_attach_client(args.buf, id)
    end
  end,
})
