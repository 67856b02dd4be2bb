// Placeholder until the catalog helper lands the real definition types.
export type ServicesDefinition = { productTypes: unknown[] };
