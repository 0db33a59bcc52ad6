using System.Linq.Expressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using Platform.Core.Common;
using Platform.Web.Components.Shared;

namespace Platform.Tests.Components.Harness;

/// <summary>A form as the pages write it: a service result on an EditForm, Mud fields bound with For.</summary>
public sealed class NameForm : ComponentBase
{
    private readonly Model _model = new();

    [Parameter] public Result? Result { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<EditForm>(0);
        builder.AddAttribute(1, nameof(EditForm.Model), _model);
        builder.AddAttribute(2, nameof(EditForm.ChildContent), (RenderFragment<EditContext>)(_ => inner =>
        {
            inner.OpenComponent<ResultValidator>(0);
            inner.AddAttribute(1, nameof(ResultValidator.Result), Result);
            inner.CloseComponent();
            inner.OpenComponent<FieldErrors>(2);
            inner.AddAttribute(3, nameof(FieldErrors.Result), Result);
            inner.CloseComponent();
            inner.AddContent(4, Field("name-field", () => _model.Name, v => _model.Name = v));
            inner.AddContent(5, Field("other-field", () => _model.Other, v => _model.Other = v));
        }));
        builder.CloseComponent();
    }

    private RenderFragment Field(string css, Expression<Func<string>> field, Action<string> set) => b =>
    {
        b.OpenElement(0, "div");
        b.AddAttribute(1, "class", css);
        b.OpenComponent<MudTextField<string>>(2);
        b.AddAttribute(3, nameof(MudTextField<string>.Value), field.Compile()());
        b.AddAttribute(4, nameof(MudTextField<string>.ValueChanged), EventCallback.Factory.Create(this, set));
        b.AddAttribute(5, nameof(MudTextField<string>.For), field);
        b.CloseComponent();
        b.CloseElement();
    };

    private sealed class Model
    {
        public string Name { get; set; } = "";
        public string Other { get; set; } = "";
    }
}
