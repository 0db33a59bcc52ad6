// Passkeys on the account pages, which render without a circuit. A button marked data-passkey="create" or
// "request" asks the server for WebAuthn options (posting its form, so the antiforgery token goes along), hands
// them to the browser, puts the browser's answer in the form's credential field and submits the form. The
// server checks the answer; this script only carries it.
(() => {
    const decode = value => {
        const base64 = value.replace(/-/g, "+").replace(/_/g, "/");
        const bytes = atob(base64.padEnd(base64.length + (4 - base64.length % 4) % 4, "="));
        return Uint8Array.from(bytes, c => c.charCodeAt(0)).buffer;
    };

    const encode = buffer => btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

    // Browsers without PublicKeyCredential.toJSON get the same shape written out.
    const serialize = credential => {
        if (credential.toJSON) {
            return JSON.stringify(credential);
        }
        const r = credential.response;
        const response = r.attestationObject
            ? { clientDataJSON: encode(r.clientDataJSON), attestationObject: encode(r.attestationObject), transports: r.getTransports?.() ?? [] }
            : { clientDataJSON: encode(r.clientDataJSON), authenticatorData: encode(r.authenticatorData), signature: encode(r.signature),
                userHandle: r.userHandle ? encode(r.userHandle) : null };
        return JSON.stringify({
            id: credential.id, rawId: encode(credential.rawId), type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment, response,
            clientExtensionResults: credential.getClientExtensionResults()
        });
    };

    const creationOptions = json => {
        if (PublicKeyCredential.parseCreationOptionsFromJSON) {
            return PublicKeyCredential.parseCreationOptionsFromJSON(json);
        }
        return {
            ...json,
            challenge: decode(json.challenge),
            user: { ...json.user, id: decode(json.user.id) },
            excludeCredentials: (json.excludeCredentials ?? []).map(c => ({ ...c, id: decode(c.id) }))
        };
    };

    const requestOptions = json => {
        if (PublicKeyCredential.parseRequestOptionsFromJSON) {
            return PublicKeyCredential.parseRequestOptionsFromJSON(json);
        }
        return {
            ...json,
            challenge: decode(json.challenge),
            allowCredentials: (json.allowCredentials ?? []).map(c => ({ ...c, id: decode(c.id) }))
        };
    };

    const explain = error => {
        if (error?.name === "NotAllowedError" || error?.name === "AbortError") {
            return "The passkey request was cancelled or timed out. Try again when you are ready.";
        }
        if (error?.name === "InvalidStateError") {
            return "This device already holds a passkey for your account.";
        }
        return error?.message || "Your browser could not use a passkey.";
    };

    const run = async button => {
        const form = button.closest("form");
        const status = form.querySelector("[data-passkey-status]");
        const say = text => { if (status) { status.textContent = text; status.hidden = !text; } };
        if (!window.PublicKeyCredential || !navigator.credentials) {
            say("This browser does not support passkeys.");
            return;
        }
        button.disabled = true;
        say("");
        try {
            const response = await fetch(button.dataset.optionsUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" });
            // A signed-out session is answered with the sign-in page, not options: anything but JSON is a failure.
            const body = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
            if (!response.ok || body === null) {
                throw new Error(body?.error ?? "The server could not start the passkey request. Reload the page and try again.");
            }
            const options = body;
            const credential = button.dataset.passkey === "create"
                ? await navigator.credentials.create({ publicKey: creationOptions(options) })
                : await navigator.credentials.get({ publicKey: requestOptions(options) });
            form.querySelector("[data-passkey-credential]").value = serialize(credential);
            form.submit();
        } catch (error) {
            say(explain(error));
            button.disabled = false;
        }
    };

    document.addEventListener("click", event => {
        const button = event.target.closest?.("button[data-passkey]");
        if (button) {
            event.preventDefault();
            run(button);
        }
    });
})();
