export { allocate } from './allocate';
export { CURRENCIES, type Currency, currencyExponent, isCurrency, minorUnitsDivisor } from './currency';
export { formatMoney } from './format-money';
export { isBelowMinimumCharge, MINIMUM_CHARGE } from './minimum-charge';
export { assertMinorUnits } from './minor-units';
export { parseMajorUnits, toMajorUnitsText } from './parse-money';
export { percentOf } from './percent-of';
