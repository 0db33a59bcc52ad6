using System.Buffers.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Platform.Core.Audit;
using Platform.Core.Common;
using Platform.Data.Identity;

namespace Platform.Web.Identity;

/// <summary>A passkey as its owner sees it; <see cref="Id"/> is the credential id in base64url, safe in a URL.</summary>
public sealed record PasskeySummary(string Id, string Name, DateTimeOffset CreatedAt, bool IsBackedUp);

/// <summary>
/// A user's passkeys: adding, naming and removing them, and signing in with one. Identity verifies the WebAuthn
/// ceremonies; this class adds the rules a person sees (names, a limit) and the audit trail.
/// </summary>
public sealed class PasskeyAccount(SignInManager<PlatformUser> signIn, AccountEvents events)
{
    public const int MaxPerUser = 10;
    public const int NameMaxLength = 60;

    private UserManager<PlatformUser> Users => signIn.UserManager;

    public async Task<IReadOnlyList<PasskeySummary>> ListAsync(PlatformUser user) =>
        (await Users.GetPasskeysAsync(user))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeySummary(Base64Url.EncodeToString(p.CredentialId), p.Name ?? "Passkey", p.CreatedAt, p.IsBackedUp))
            .ToList();

    /// <summary>The options for <c>navigator.credentials.create</c>; the ceremony's state goes into a short-lived cookie.</summary>
    public Task<string> CreationOptionsAsync(PlatformUser user) =>
        signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id.ToString(),
            Name = user.Email!,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email! : user.DisplayName,
        });

    /// <summary>
    /// The options for <c>navigator.credentials.get</c>, naming no account: the browser offers the passkeys it holds
    /// for this site, so the sign-in page never reveals whether an email address has an account or passkeys.
    /// </summary>
    public Task<string> RequestOptionsAsync() => signIn.MakePasskeyRequestOptionsAsync(null);

    /// <summary>Whether the user may add a passkey with this name: checked before the browser is asked, and again on adding.</summary>
    public async Task<Result> CanAddAsync(PlatformUser user, string? name)
    {
        var passkeys = await Users.GetPasskeysAsync(user);
        if (CheckName(passkeys, name?.Trim() ?? "", except: null) is { Succeeded: false } invalid)
        {
            return invalid;
        }
        return passkeys.Count >= MaxPerUser
            ? Result.Fail($"You already have {MaxPerUser} passkeys. Remove one you no longer use to add another.")
            : Result.Ok;
    }

    public async Task<Result> AddAsync(PlatformUser user, string? credentialJson, string? name)
    {
        name = name?.Trim() ?? "";
        if (await CanAddAsync(user, name) is { Succeeded: false } refused)
        {
            return refused;
        }
        if (string.IsNullOrEmpty(credentialJson))
        {
            return Result.Fail("Your browser sent no passkey. Try again.");
        }

        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            // No ceremony in progress for this browser: the options cookie expired or was never set.
            return Result.Fail("The passkey request expired. Try again.");
        }
        if (!attestation.Succeeded)
        {
            return Result.Fail($"The passkey could not be added: {attestation.Failure.Message}");
        }

        attestation.Passkey.Name = name;
        var saved = await Users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        if (!saved.Succeeded)
        {
            return Failed(saved);
        }
        await events.RecordAsync(AuditActions.PasskeyAdded, user, name);
        return Result.Ok;
    }

    public async Task<Result> RenameAsync(PlatformUser user, string id, string? name)
    {
        name = name?.Trim() ?? "";
        if (await FindAsync(user, id) is not { } passkey)
        {
            return Result.Fail(NotFound);
        }
        if (CheckName(await Users.GetPasskeysAsync(user), name, except: passkey.CredentialId) is { Succeeded: false } invalid)
        {
            return invalid;
        }
        var previous = passkey.Name;
        passkey.Name = name;
        var saved = await Users.AddOrUpdatePasskeyAsync(user, passkey);
        if (!saved.Succeeded)
        {
            return Failed(saved);
        }
        await events.RecordAsync(AuditActions.PasskeyRenamed, user, $"{previous} → {name}");
        return Result.Ok;
    }

    public async Task<Result> RemoveAsync(PlatformUser user, string id)
    {
        if (await FindAsync(user, id) is not { } passkey)
        {
            return Result.Fail(NotFound);
        }
        var removed = await Users.RemovePasskeyAsync(user, passkey.CredentialId);
        if (!removed.Succeeded)
        {
            return Failed(removed);
        }
        await events.RecordAsync(AuditActions.PasskeyRemoved, user, passkey.Name);
        return Result.Ok;
    }

    /// <summary>
    /// Signs in with the browser's answer to <see cref="RequestOptionsAsync"/>. A passkey is user-verified and bound to
    /// this site, so no second factor follows; lockout and email confirmation still apply.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? credentialJson)
    {
        var owner = await OwnerAsync(credentialJson);
        SignInResult result;
        try
        {
            result = string.IsNullOrEmpty(credentialJson) ? SignInResult.Failed : await signIn.PasskeySignInAsync(credentialJson);
        }
        catch (InvalidOperationException)
        {
            result = SignInResult.Failed; // no ceremony in progress (expired options cookie)
        }
        await events.SignInAttemptAsync(result, owner, owner?.Email ?? "(unrecognised passkey)", "passkey");
        return result;
    }

    private const string NotFound = "That passkey is not on your account.";

    private static Result CheckName(IList<UserPasskeyInfo> passkeys, string name, byte[]? except)
    {
        if (name.Length == 0)
        {
            return Result.Fail("Name", "Give the passkey a name, such as the device it is on.");
        }
        if (name.Length > NameMaxLength)
        {
            return Result.Fail("Name", $"Keep the name to {NameMaxLength} characters.");
        }
        var taken = passkeys.Any(p =>
            string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && (except is null || !p.CredentialId.AsSpan().SequenceEqual(except)));
        return taken ? Result.Fail("Name", $"You already have a passkey called '{name}'.") : Result.Ok;
    }

    private static Result Failed(IdentityResult result) => Result.Fail(string.Join(" ", result.Errors.Select(e => e.Description)));

    private async Task<UserPasskeyInfo?> FindAsync(PlatformUser user, string id)
    {
        try
        {
            return await Users.GetPasskeyAsync(user, Base64Url.DecodeFromChars(id));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Whose passkey the browser answered with, for the audit trail; Identity checks the answer itself.
    private async Task<PlatformUser?> OwnerAsync(string? credentialJson)
    {
        try
        {
            using var json = JsonDocument.Parse(credentialJson ?? "");
            return json.RootElement.TryGetProperty("rawId", out var rawId) && rawId.GetString() is { } raw
                ? await Users.FindByPasskeyIdAsync(Base64Url.DecodeFromChars(raw))
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
