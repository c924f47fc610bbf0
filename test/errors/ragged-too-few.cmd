command: dcsim run -O json test/errors/ragged-too-few.csv
exit: 1
