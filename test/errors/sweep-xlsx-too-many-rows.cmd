command: dcsim sweep test/errors/ok-two-pys.csv --vary discount_rate=0.000001:0.6:0.000001 -o test/errors/no-such-folder/s.xlsx
exit: 2
