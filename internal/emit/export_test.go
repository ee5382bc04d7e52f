package emit

// FormatForTest exposes format to the external tests.
var FormatForTest = format
