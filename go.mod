module trigo

go 1.26
