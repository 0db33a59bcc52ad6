// Behaviour the markup asks for with data- attributes, since the Content-Security-Policy allows no inline handlers.
// data-confirm on a form: ask before it is sent. data-submit-on-change on a field: send its form when it changes.
document.addEventListener('submit', event => {
    const question = event.target instanceof HTMLFormElement ? event.target.dataset.confirm : undefined;
    if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
    }
}, true);

document.addEventListener('change', event => {
    const field = event.target;
    if (field instanceof HTMLElement && field.hasAttribute('data-submit-on-change') && field.form) {
        field.form.submit();
    }
});

// For interactive pages that must change the sign-in cookie: they render a plain form to an account endpoint and send it.
window.platformForms = { submit: form => form.requestSubmit() };
