export { default } from '@aisvc/eslint-config';
