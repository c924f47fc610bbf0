command: dcsim run -O json test/errors/ok.csv --discount-rate 2023=0.03,2024
exit: 2
