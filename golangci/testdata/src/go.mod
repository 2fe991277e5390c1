module plugintest

go 1.26
