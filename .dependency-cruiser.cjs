/**
 * The dependency rules of docs/architecture.md, checked by `npm run check:deps` (part of `npm test`).
 * Each rule names the layer it protects; a violation fails the build with the rule's comment.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'Modules form a directed graph: a cycle means two modules are one concern or a layer is crossed.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'domain/ is the business as pure functions: it imports only domain/, events/, zod and node:crypto (no AWS, no I/O).',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^events/', '(^|/)node_modules/zod/', '^crypto$', '^node:crypto$'] },
    },
    {
      name: 'events-are-the-catalog',
      severity: 'error',
      comment: 'events/ (the event catalog) imports only events/ and zod.',
      from: { path: '^events/' },
      to: { pathNot: ['^events/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'server-never-imports-infra-web-tests',
      severity: 'error',
      comment:
        'domain/, events/ and functions/ run in Lambda: they know nothing of the CDK app, the local cloud, the console or tests.',
      from: { path: '^(domain|events|functions)/' },
      to: { path: '^(infra|web|tests)/' },
    },
    {
      name: 'runtime-is-the-base',
      severity: 'error',
      comment: 'functions/runtime (configuration, observability) depends on no other part of functions/.',
      from: { path: '^functions/runtime/' },
      to: { path: '^functions/(?!runtime/)' },
    },
    {
      name: 'adapters-know-no-http-or-application',
      severity: 'error',
      comment:
        'functions/adapters (AWS behind ports) implement the ports of functions/application (*-port.ts) and know nothing else of the application, the HTTP edge or the handlers: they throw typed errors, the edge maps them to problems.',
      from: { path: '^functions/adapters/' },
      to: {
        path: '^functions/(http|application|api|webhooks)/',
        pathNot: '^functions/application/[a-z-]+-port\\.ts$',
      },
    },
    {
      name: 'application-knows-no-http',
      severity: 'error',
      comment:
        'functions/application (aggregates, commands, the event-store port) is called by handlers of every kind (HTTP, bus, state machine): it throws typed errors, never HTTP problems.',
      from: { path: '^functions/application/' },
      to: { path: '^functions/(http|api|webhooks)/' },
    },
    {
      name: 'http-edge-below-handlers',
      severity: 'error',
      comment: 'functions/http is the edge every API handler uses; it does not depend on any one handler.',
      from: { path: '^functions/http/' },
      to: { path: '^functions/api/(?!records\\.ts$)' },
    },
    {
      name: 'handlers-do-not-call-handlers',
      severity: 'error',
      comment: "A handler module is an entry point: nothing imports another function's handler.",
      from: {},
      to: { path: '^functions/.+/(handler|[a-z-]+-handler)\\.ts$' },
    },
    {
      name: 'web-speaks-http-only',
      severity: 'error',
      comment:
        'The console reaches the platform over HTTP only; its API types are generated from the OpenAPI description (web/src/api/schema.gen.ts), never imported from server code.',
      from: { path: '^web/' },
      to: { path: '^(domain|events|functions|infra|statemachines|tests)/' },
    },
    {
      name: 'no-orphans-in-source',
      severity: 'error',
      comment: 'A source module nothing imports and that is no entry point is dead code.',
      from: {
        orphan: true,
        path: '^(domain|events|functions)/',
        pathNot: ['^functions/manifest\\.ts$', '^functions/.+handler\\.ts$', '\\.d\\.ts$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '^web/dist/', '^cdk\\.out/', '^dist/', '^bench-results/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
