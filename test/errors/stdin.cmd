command: dcsim run -O json - < test/errors/non-numeric-expenditure.csv
exit: 1
