// Dates and working days for every module: import from 'shared/dates', not from the file behind it.
export * from './workdays';
export * from './beijing';
export * from './typed';
