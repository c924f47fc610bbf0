command: dcsim sweep test/errors/ok-two-pys.csv --vary discount_rate=0.00001:0.03:0.00001 --vary quality_score=0.01:1:0.01 --vary track=global,professional -o test/errors/no-such-folder/s.xlsx
exit: 2
