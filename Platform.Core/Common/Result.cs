namespace Platform.Core.Common;

/// <summary>The outcome of a command: success, or validation messages keyed by field ("" for the whole form).</summary>
public sealed class Result
{
    private Result(IReadOnlyDictionary<string, string[]> errors) => Errors = errors;

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public string Summary => string.Join(" ", Errors.Values.SelectMany(v => v));

    public static Result Ok { get; } = new(new Dictionary<string, string[]>());

    public static Result Fail(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });

    public static Result Fail(string message) => Fail("", message);

    public static Result From(Validation validation) => validation.IsValid ? Ok : new(validation.ToDictionary());
}

/// <summary>The outcome of a command that produces a value.</summary>
public sealed class Result<T>
{
    private Result(T? value, Result status) => (Value, Status) = (value, status);

    public T? Value { get; }

    public Result Status { get; }

    public bool Succeeded => Status.Succeeded;

    public static Result<T> Ok(T value) => new(value, Result.Ok);

    public static Result<T> Fail(Result failure) => new(default, failure);

    public static Result<T> Fail(string field, string message) => new(default, Result.Fail(field, message));

    public static implicit operator Result<T>(Result failure) => Fail(failure);
}
