command: dcsim run -O json test/errors/participant-above-expenditure.csv
exit: 1
