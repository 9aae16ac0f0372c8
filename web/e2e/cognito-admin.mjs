// Admin calls to a Cognito endpoint (the local stack's cognito-local) over its JSON 1.1 protocol:
// enough to invite a user the way the admin tool does, so a test can walk through the first login.

export async function cognito(endpoint, operation, body) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      // cognito-local does not check signatures, but it reads the region from the credential scope.
      Authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`Cognito ${operation} answered ${res.status}: ${json.message ?? json.__type ?? text}`);
  return json;
}

/** Invite a user (FORCE_CHANGE_PASSWORD with a temporary password), as an admin would. */
export async function inviteUser(endpoint, userPoolId, username, temporaryPassword, attributes = {}) {
  await cognito(endpoint, 'AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: username,
    TemporaryPassword: temporaryPassword,
    MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries({ email: username, email_verified: 'true', ...attributes }).map(([Name, Value]) => ({ Name, Value })),
  });
}
