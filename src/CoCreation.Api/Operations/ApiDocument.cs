using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace CoCreation.Api.Operations;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, with the bearer scheme both kinds of caller use.</summary>
internal static class ApiDocument
{
    private const string SchemeId = "bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CoCreation API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Participants: a OneID JWT (HS256; claims sub, chn, exp). Admins and hosts: a configured key.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
            }
            return Task.CompletedTask;
        });
    });
}
