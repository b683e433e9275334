declare module 'asl-validator' {
  const validator: (
    definition: unknown,
    options?: { checkArn?: boolean; checkPaths?: boolean },
  ) => { isValid: boolean; errors: { message: string }[]; errorsText: (separator?: string) => string };
  export default validator;
}
