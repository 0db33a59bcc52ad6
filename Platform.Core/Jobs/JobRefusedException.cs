namespace Platform.Core.Jobs;

/// <summary>
/// A run that must not be made as asked (a week that has not ended, a date in the future). The run is recorded as failed
/// with this message and not retried: retrying would be refused the same way.
/// </summary>
public sealed class JobRefusedException(string message) : Exception(message);
