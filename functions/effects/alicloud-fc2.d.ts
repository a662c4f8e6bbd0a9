// `@alicloud/fc2` ships no types. This declares only that the module exists; fc2.ts gives the subset
// lianban uses a typed shape. Kept minimal so it cannot clash with other declarations of the module.
declare module '@alicloud/fc2' {
  const FC: unknown;
  export default FC;
}
