// This folder is a module of its own, so that the spec in it is refused
// what lies outside it even though the repository around it is allowed.
module hostile/ref-outside
