/** Six drug200 rows with an id column: a small, valid batch file for the drug model. */
export const HEADER = 'id,Age,Sex,BP,Cholesterol,Na_to_K';
export const ROWS = [
  '1,23,F,HIGH,HIGH,25.355',
  '2,47,M,LOW,HIGH,13.093',
  '3,47,M,LOW,HIGH,10.114',
  '4,28,F,NORMAL,HIGH,7.798',
  '5,61,F,LOW,HIGH,18.043',
  '6,22,F,NORMAL,HIGH,29.710',
];
