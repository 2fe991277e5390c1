module ifacemod

go 1.26
