export const screen = 'aliases';
