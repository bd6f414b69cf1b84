graph [
  node [
    id 0
    label "alice"
  ]
  node [
    id 1
    label "bob"
  ]
  node [
    id 2
    label "carol"
  ]
  node [
    id 3
    label "zed"
  ]
  edge [
    source 0
    target 1
  ]
  edge [
    source 0
    target 2
  ]
  edge [
    source 1
    target 2
  ]
]
