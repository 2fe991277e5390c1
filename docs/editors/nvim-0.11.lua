-- bulklint beside gopls, for Neovim 0.11 and later (init.lua).
vim.lsp.config('bulklint', {
  cmd = { 'bulklint', 'lsp' },
  filetypes = { 'go' },
  root_markers = { 'go.mod' },
})
vim.lsp.enable('bulklint')
