export * from '../../../src/compute';
export { Mulberry32 as Mulberry32Stream } from '../../../src/compute/reference/mulberry32';
