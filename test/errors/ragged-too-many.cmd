command: dcsim run -O json test/errors/ragged-too-many.csv
exit: 1
