command: dcsim run -O json test/errors/heba-invalid.csv
exit: 1
