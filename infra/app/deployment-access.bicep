metadata description = 'What the deployment identity (the GitHub OIDC principal) may do in the resource group: Contributor on the group, and assigning the app\'s data roles to the app\'s identity and to nobody else (an ABAC condition on Role Based Access Control Administrator).'

@description('Object (principal) id of the deployment identity.')
param deploymentPrincipalId string

@description('Object (principal) id of the app\'s managed identity, the only principal the deployment identity may grant a role to.')
param appPrincipalId string

@description('Built-in role definition ids (GUIDs) the deployment identity may assign to the app identity: the data roles of role-assignments.bicep.')
@minLength(1)
param appRoleIds string[]

// Deployed only by an Owner's provision (deploymentPrincipalId set): the deployment identity itself could not write
// these two assignments, which is the point.

// Built-in role definition ids (the same in every tenant).
var roles = {
  contributor: 'b24988ac-6180-42ba-9f2a-d8c5ddc6bba2'
  roleBasedAccessControlAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
}

var allowedRoles = join(appRoleIds, ', ')

// Write and delete alike: a role assignment the deployment identity creates or removes must be one of the app's data
// roles (RoleDefinitionId) for the app's identity (PrincipalId). @Request is the assignment being written; @Resource
// the one being deleted. Every other action of the role (reading assignments) is left as it is. The text is a format()
// pattern: {0} the role ids, {1} the principal id, and every literal brace doubled.
var assignOnlyAppRolesToApp = '''
(
  (
    !(ActionMatches{{'Microsoft.Authorization/roleAssignments/write'}})
  )
  OR
  (
    @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {{{0}}}
    AND
    @Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {{{1}}}
  )
)
AND
(
  (
    !(ActionMatches{{'Microsoft.Authorization/roleAssignments/delete'}})
  )
  OR
  (
    @Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {{{0}}}
    AND
    @Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {{{1}}}
  )
)
'''

resource contributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deploymentPrincipalId, roles.contributor)
  properties: {
    principalId: deploymentPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.contributor)
  }
}

resource assignAppRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, deploymentPrincipalId, roles.roleBasedAccessControlAdministrator)
  properties: {
    principalId: deploymentPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roles.roleBasedAccessControlAdministrator
    )
    description: 'Deployment identity: may assign only the ISMS app\'s data roles, only to the ISMS app identity.'
    conditionVersion: '2.0'
    condition: format(assignOnlyAppRolesToApp, allowedRoles, appPrincipalId)
  }
}
