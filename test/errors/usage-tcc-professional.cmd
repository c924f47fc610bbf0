command: dcsim run -O json test/errors/ok.csv --capitation tcc --track professional
exit: 2
