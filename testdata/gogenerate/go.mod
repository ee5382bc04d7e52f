module example.com/gogenerate

go 1.24
