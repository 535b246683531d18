// Placeholder until the runtime lands; delete when adding real sources.
