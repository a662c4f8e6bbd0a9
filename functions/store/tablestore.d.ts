// The `tablestore` SDK ships no types. This declares only that the module exists; functions/store/client.ts
// gives it a typed shape (the subset lianban uses). Keep this file minimal so it cannot clash with other
// declarations of the same module.
declare module 'tablestore' {
  const TableStore: unknown;
  export default TableStore;
}
