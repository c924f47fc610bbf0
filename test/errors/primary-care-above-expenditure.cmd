command: dcsim run -O json test/errors/primary-care-above-expenditure.csv
exit: 1
