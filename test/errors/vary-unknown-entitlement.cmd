command: dcsim sweep -O json test/errors/ok.csv --vary benchmark_pbpm.disabled=100
exit: 2
